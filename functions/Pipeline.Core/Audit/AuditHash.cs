using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Hosting;

namespace Pipeline.Audit;

/// <summary>
/// The audit chain's hash over a length-prefixed encoding of every field, so no two records share an encoding.
/// Unkeyed records: SHA-256, <c>v1</c> (no document facts) or <c>v2</c> (with them), so old chains still verify.
/// Keyed records: HMAC-SHA256 with the key the record names, <c>v3</c>, which also covers the key id (a record cannot be
/// moved to another key) and the facts when present.
/// </summary>
public static class AuditHash
{
    /// <summary>The previous hash of a case's first record.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(string caseId, AuditRecord record) =>
        TextHash.Hex(Encode(caseId, record, keyId: null));

    public static string ComputeKeyed(string caseId, AuditRecord record, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(key);
        var text = Encode(caseId, record, record.KeyId ?? "");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    private static string Encode(string caseId, AuditRecord record, string? keyId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var builder = new StringBuilder(256);
        if (keyId is null)
        {
            Append(builder, record.Facts is null ? "v1" : "v2");
        }
        else
        {
            Append(builder, "v3");
            Append(builder, keyId);
        }

        Append(builder, caseId);
        Append(builder, record.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(builder, record.Kind);
        Append(builder, record.DocumentId ?? "");
        Append(builder, record.Sha256 ?? "");
        Append(builder, record.Detail);
        Append(builder, record.RecordedAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(builder, record.PreviousHash);
        if (record.Facts is not null)
        {
            Append(builder, record.Facts);
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string value) =>
        builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
}
