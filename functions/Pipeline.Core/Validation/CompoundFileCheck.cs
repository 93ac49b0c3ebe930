using System.Buffers;

namespace Pipeline.Validation;

/// <summary>
/// An OLE compound file declared as OOXML is either password-protected OOXML (Office wraps the encrypted
/// package in a compound file with "EncryptionInfo" and "EncryptedPackage" streams) or a legacy binary
/// .doc/.xls/.ppt. The stream names are stored as UTF-16LE in directory sectors that can sit anywhere in the
/// file, so the whole file is scanned with a fixed buffer.
/// </summary>
internal static class CompoundFileCheck
{
    private static readonly byte[] EncryptedPackageName = System.Text.Encoding.Unicode.GetBytes("EncryptedPackage");

    public static async Task<RejectionReason> CheckAsync(Stream stream, string declared, CancellationToken cancellationToken)
    {
        if (await ContainsAsync(stream, EncryptedPackageName, cancellationToken))
        {
            return new RejectionReason(
                ReasonCodes.Encrypted,
                $"declared {MediaTypes.Describe(declared)}, content is an OLE compound file holding an EncryptedPackage stream: password-protected Office document");
        }

        return new RejectionReason(
            ReasonCodes.TypeMismatch,
            $"declared {MediaTypes.Describe(declared)}, content looks like a legacy binary Office document (OLE compound file, {ContentSniffer.CompoundFile})");
    }

    private static async Task<bool> ContainsAsync(Stream stream, byte[] needle, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            stream.Position = 0;
            var carried = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(carried, buffer.Length - carried), cancellationToken)) > 0)
            {
                var filled = carried + read;
                if (buffer.AsSpan(0, filled).IndexOf(needle) >= 0)
                {
                    return true;
                }

                // Keep the last needle-length-1 bytes so a name split across reads is still found.
                carried = Math.Min(needle.Length - 1, filled);
                buffer.AsSpan(filled - carried, carried).CopyTo(buffer);
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
