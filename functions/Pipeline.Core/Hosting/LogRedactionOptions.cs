namespace Pipeline.Hosting;

/// <summary>How personal data in log parameters (file and blob names) is redacted. Section <c>Pipeline:Logging</c>.</summary>
public sealed class LogRedactionOptions
{
    public const string SectionName = "Pipeline:Logging";

    /// <summary>Redact personal data in logs. Default <c>true</c>; only a developer's machine should turn it off.</summary>
    public bool RedactPersonalData { get; set; } = true;

    /// <summary>
    /// Base64 HMAC key (at least 44 characters). When set, a redacted value becomes a keyed hash, so operators can
    /// correlate log lines about one file without seeing its name; when empty, redacted values are erased. Default empty.
    /// </summary>
    public string? HmacKey { get; set; }

    /// <summary>Identifies <see cref="HmacKey"/> in redacted output, so hashes from a rotated key are told apart. Default 1.</summary>
    public int HmacKeyId { get; set; } = 1;
}
