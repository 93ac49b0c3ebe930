using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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

    public static string Compute(string caseId, AuditRecord record) => Hash(caseId, record, keyId: null, key: null);

    public static string ComputeKeyed(string caseId, AuditRecord record, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(key);
        return Hash(caseId, record, record.KeyId ?? "", key);
    }

    /// <summary>
    /// Each field as "{UTF-16 length}:{value}\n" in UTF-8, written straight into a pooled buffer and hashed there:
    /// every reconciliation and integrity check re-hashes whole chains, and the text, its copy and its byte array were
    /// most of what that allocated.
    /// </summary>
    private static string Hash(string caseId, AuditRecord record, string? keyId, byte[]? key)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        ArgumentNullException.ThrowIfNull(record);
        Span<char> sequence = stackalloc char[20];
        Span<char> ticks = stackalloc char[20];
        record.Sequence.TryFormat(sequence, out var sequenceLength, default, CultureInfo.InvariantCulture);
        record.RecordedAt.UtcTicks.TryFormat(ticks, out var ticksLength, default, CultureInfo.InvariantCulture);
        var documentId = record.DocumentId ?? "";
        var sha256 = record.Sha256 ?? "";
        var chars = caseId.Length + sequenceLength + record.Kind.Length + documentId.Length + sha256.Length + record.Detail.Length
            + ticksLength + record.PreviousHash.Length + (record.Facts?.Length ?? 0) + (keyId?.Length ?? 0) + 2;
        // At most 11 fields, each with up to 10 length digits, ':' and '\n'; UTF-8 needs at most 3 bytes per UTF-16 unit.
        var buffer = ArrayPool<byte>.Shared.Rent((11 * 12) + Encoding.UTF8.GetMaxByteCount(chars));
        try
        {
            var written = 0;
            if (keyId is null)
            {
                Append(buffer, ref written, record.Facts is null ? "v1" : "v2");
            }
            else
            {
                Append(buffer, ref written, "v3");
                Append(buffer, ref written, keyId);
            }

            Append(buffer, ref written, caseId);
            Append(buffer, ref written, sequence[..sequenceLength]);
            Append(buffer, ref written, record.Kind);
            Append(buffer, ref written, documentId);
            Append(buffer, ref written, sha256);
            Append(buffer, ref written, record.Detail);
            Append(buffer, ref written, ticks[..ticksLength]);
            Append(buffer, ref written, record.PreviousHash);
            if (record.Facts is not null)
            {
                Append(buffer, ref written, record.Facts);
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            var encoded = buffer.AsSpan(0, written);
            _ = key is null ? SHA256.HashData(encoded, hash) : HMACSHA256.HashData(key, encoded, hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Append(byte[] buffer, ref int written, ReadOnlySpan<char> value)
    {
        value.Length.TryFormat(buffer.AsSpan(written), out var digits, default, CultureInfo.InvariantCulture);
        written += digits;
        buffer[written++] = (byte)':';
        written += Encoding.UTF8.GetBytes(value, buffer.AsSpan(written));
        buffer[written++] = (byte)'\n';
    }
}
