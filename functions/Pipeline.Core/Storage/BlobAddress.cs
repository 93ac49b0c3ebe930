using System.Diagnostics.CodeAnalysis;
using Azure.Storage.Blobs;

namespace Pipeline.Storage;

/// <summary>
/// Whether a client addresses a blob by exactly the name a listing returned. Storage accepts names a URI cannot carry
/// as written: the SDK escapes each segment, but <see cref="Uri"/> then resolves '.' and '..' segments (and the emulator
/// stores a backslash as '/'), so "c/u/../../x" would be read, tagged or copied as the blob "x". Such a name must never
/// be used to address anything. (Leading and trailing slashes survive because the clients are built with
/// <c>TrimBlobNameSlashes = false</c>; see <see cref="StorageConnection"/>.)
/// </summary>
public static class BlobAddress
{
    /// <summary>A client for exactly <paramref name="name"/> in <paramref name="container"/>, or false when none can address it.</summary>
    public static bool TryGetExact(BlobContainerClient container, string name, [NotNullWhen(true)] out BlobClient? blob)
    {
        ArgumentNullException.ThrowIfNull(container);
        blob = null;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        BlobClient candidate;
        string expected;
        try
        {
            candidate = container.GetBlobClient(name);
            expected = container.Uri.AbsolutePath.TrimEnd('/') + "/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
        {
            // Not representable in a URI at all (e.g. an unpaired surrogate).
            return false;
        }

        if (!string.Equals(candidate.Uri.AbsolutePath, expected, StringComparison.Ordinal))
        {
            return false;
        }

        blob = candidate;
        return true;
    }

    /// <summary>True when <paramref name="name"/> can be addressed exactly in <paramref name="container"/>.</summary>
    public static bool IsExact(BlobContainerClient container, string name) => TryGetExact(container, name, out _);
}
