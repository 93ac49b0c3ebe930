using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Pipeline.Audit;

/// <summary>The configured chain keys, decoded once: the current one (if any) keys new records, every one verifies.</summary>
public sealed class AuditChainKeys
{
    /// <summary>The shortest key accepted: 256 bits, HMAC-SHA256's full strength.</summary>
    public const int MinimumKeyBytes = 32;

    private const int MaxKeyIdLength = 32;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public AuditChainKeys(IOptions<AuditChainKeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        if (Problems(value).FirstOrDefault() is { } problem)
        {
            throw new OptionsValidationException(AuditChainKeyOptions.SectionName, typeof(AuditChainKeyOptions), [problem]);
        }

        foreach (var (id, key) in value.RetiredChainKeys)
        {
            _keys[id] = Decode(key)!;
        }

        if (!string.IsNullOrWhiteSpace(value.ChainKey))
        {
            CurrentKeyId = value.ChainKeyId;
            _keys[CurrentKeyId] = Decode(value.ChainKey)!;
        }
    }

    /// <summary>No keys: every record is hashed with plain SHA-256 (and keyed records cannot be verified).</summary>
    public static AuditChainKeys None { get; } = new(Options.Create(new AuditChainKeyOptions()));

    /// <summary>The id of the key new records are keyed with, or null when records are not keyed.</summary>
    public string? CurrentKeyId { get; }

    public bool TryGet(string keyId, [NotNullWhen(true)] out byte[]? key) => _keys.TryGetValue(keyId, out key);

    /// <summary>The hash <paramref name="record"/> should carry; null when it names a key that is not configured.</summary>
    public string? HashOf(string caseId, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.KeyId is null)
        {
            return AuditHash.Compute(caseId, record);
        }

        return TryGet(record.KeyId, out var key) ? AuditHash.ComputeKeyed(caseId, record, key) : null;
    }

    /// <summary>What is wrong with <paramref name="options"/> (bad key ids, keys that are not base64 of 32+ bytes).</summary>
    public static IEnumerable<string> Problems(AuditChainKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.RetiredChainKeys.Select(pair => (Id: pair.Key, Key: pair.Value)).ToList();
        if (!string.IsNullOrWhiteSpace(options.ChainKey))
        {
            keys.Add((options.ChainKeyId, options.ChainKey));
        }

        foreach (var (id, key) in keys)
        {
            if (id.Length is 0 or > MaxKeyIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                yield return $"Pipeline:Audit: chain key id '{id}' must be 1-{MaxKeyIdLength} characters of [A-Za-z0-9._-].";
            }
            else if (Decode(key) is null)
            {
                yield return $"Pipeline:Audit: chain key '{id}' must be base64 of at least {MinimumKeyBytes} bytes.";
            }
        }
    }

    private static byte[]? Decode(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var written) && written >= MinimumKeyBytes ? bytes[..written] : null;
    }
}
