namespace Pipeline.Audit;

/// <summary>
/// The audit chain's HMAC keys. Section <c>Pipeline:Audit</c>. Without a key, records are hashed with plain SHA-256,
/// which anyone who can write the table can recompute; with one, a rewritten chain cannot be made consistent without it.
/// </summary>
public sealed class AuditChainKeyOptions
{
    public const string SectionName = "Pipeline:Audit";

    /// <summary>
    /// Base64 key (at least 32 bytes) that keys every new record; in Azure a Key Vault reference. Empty: records are
    /// not keyed. Default empty.
    /// </summary>
    public string? ChainKey { get; set; }

    /// <summary>Recorded in every record keyed with <see cref="ChainKey"/>, so keys can rotate. Default <c>1</c>.</summary>
    public string ChainKeyId { get; set; } = "1";

    /// <summary>Earlier keys by id (base64), kept so the records they keyed still verify after a rotation.</summary>
    public Dictionary<string, string> RetiredChainKeys { get; set; } = new(StringComparer.Ordinal);
}
