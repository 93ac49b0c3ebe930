namespace Pipeline.Content;

/// <summary>An upload copied to a local temp file (deleted on dispose) with the digests of exactly those bytes.</summary>
public sealed class SpooledUpload(FileStream content, ContentDigest digest) : IAsyncDisposable
{
    /// <summary>Seekable copy of the upload. Callers rewind it before each read.</summary>
    public FileStream Content { get; } = content;

    public ContentDigest Digest { get; } = digest;

    public Stream Rewind()
    {
        Content.Position = 0;
        return Content;
    }

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
