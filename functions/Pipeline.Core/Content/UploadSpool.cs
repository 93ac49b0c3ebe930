using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Pipeline.Content;

/// <summary>Downloads one version (ETag) of an intake blob to a temp file, hashing it on the way.</summary>
public sealed class UploadSpool(IOptions<SpoolOptions> options)
{
    private readonly string _directory = string.IsNullOrWhiteSpace(options.Value.SpoolDirectory) ? Path.GetTempPath() : options.Value.SpoolDirectory;

    /// <summary>Throws <see cref="RequestFailedException"/> with status 412 when the blob no longer has <paramref name="etag"/>.</summary>
    public async Task<SpooledUpload> SpoolAsync(BlobClient blob, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, $"pipeline-{Guid.NewGuid():N}.spool");
        // Shared for reading: the PDF check's child process reads the spool in place (see PdfProbe).
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var download = await blob.DownloadStreamingAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } },
                cancellationToken);
            await using var source = download.Value.Content;
            var digest = await ContentHasher.HashAsync(source, file, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return new SpooledUpload(file, digest);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
