namespace Pipeline.Tests.Validation;

/// <summary>A seekable stream over bytes that records every byte range read, to prove what a check touched.</summary>
internal sealed class RecordingStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes, writable: false);

    public List<(long Start, int Count)> Reads { get; } = [];

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    /// <summary>
    /// Whether any read started inside the range. A decompressor reads an entry's data from its first byte on;
    /// whole-file reads (head sniff, end-of-directory search on a small file) start before it.
    /// </summary>
    public bool StartedReadInside(long start, long length) =>
        Reads.Exists(r => r.Count > 0 && r.Start >= start && r.Start < start + length);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var start = _inner.Position;
        var read = _inner.Read(buffer);
        Reads.Add((start, read));
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
