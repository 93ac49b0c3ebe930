using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Hosting;

namespace Pipeline.Audit;

/// <summary>
/// The audit chain's hash over a length-prefixed encoding of every field, so no two records share an encoding:
/// SHA-256 for unkeyed records (<c>v1</c>), HMAC-SHA256 with the key the record names for keyed ones (<c>v2</c>, which
/// also covers the key id, so a record cannot be moved to another key).
/// </summary>
public static class AuditHash
{
    /// <summary>The previous hash of a case's first record.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(string caseId, AuditRecord record) => TextHash.Hex(Encode("v1", caseId, record));

    public static string ComputeKeyed(string caseId, AuditRecord record, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = Encode("v2", caseId, record);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    private static string Encode(string version, string caseId, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var builder = new StringBuilder(256);
        Append(builder, version);
        if (version != "v1")
        {
            Append(builder, record.KeyId ?? "");
        }

        Append(builder, caseId);
        Append(builder, record.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(builder, record.Kind);
        Append(builder, record.DocumentId ?? "");
        Append(builder, record.Sha256 ?? "");
        Append(builder, record.Detail);
        Append(builder, record.RecordedAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(builder, record.PreviousHash);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string value) =>
        builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
}
