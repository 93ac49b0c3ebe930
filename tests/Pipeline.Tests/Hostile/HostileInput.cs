namespace Pipeline.Tests.Hostile;

/// <summary>One upload of the hostile corpus: its intake name, bytes, declared type and metadata, and the reason code it must
/// be quarantined with (null for a good upload, which must be accepted).</summary>
public sealed record HostileInput(string Label, string BlobName, byte[] Bytes, string? ContentType, IReadOnlyDictionary<string, string> Metadata, string? ExpectedCode)
{
    public bool IsGood => ExpectedCode is null;

    /// <summary>The name the emulator lists it under: Azurite stores a backslash as '/'.</summary>
    public string ListedName => BlobName.Replace('\\', '/');
}
