using System.Globalization;
using System.Text;
using Pipeline.Hosting;

namespace Pipeline.Audit;

/// <summary>The audit chain's hash: SHA-256 over a length-prefixed encoding of every field, so no two records share an encoding.</summary>
public static class AuditHash
{
    /// <summary>The previous hash of a case's first record.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(string caseId, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var builder = new StringBuilder(256);
        // v2 adds the document facts; a record without them keeps its v1 encoding, so old chains still verify.
        Append(builder, record.Facts is null ? "v1" : "v2");
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
        return TextHash.Hex(builder.ToString());
    }

    private static void Append(StringBuilder builder, string value) =>
        builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
}
