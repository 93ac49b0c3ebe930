namespace Pipeline.Bundles;

/// <summary>One thing wrong with a bag: <paramref name="Kind"/> is one of <see cref="BagProblemKinds"/>; <paramref name="Path"/> the file (relative to the bag), or a receipt file.</summary>
public sealed record BagProblem(string Kind, string Path, string Detail);

public static class BagProblemKinds
{
    /// <summary>A file the bag's manifests or case manifest list is not there.</summary>
    public const string Missing = "missing";

    /// <summary>A file no manifest lists.</summary>
    public const string Extra = "extra";

    /// <summary>A file whose bytes no longer hash to what its manifest says, or a tag value that no longer matches.</summary>
    public const string Altered = "altered";

    /// <summary>Something that is not a valid bag or case bundle (a malformed line, an unsafe path, a broken chain).</summary>
    public const string Invalid = "invalid";

    /// <summary>A receipt the bag does not bear out.</summary>
    public const string Receipt = "receipt";
}
