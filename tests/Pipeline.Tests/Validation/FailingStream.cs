namespace Pipeline.Tests.Validation;

/// <summary>A seekable stream of a given length whose reads fail like a broken disk (or count, if asked not to).</summary>
internal sealed class FailingStream(long length) : Stream
{
    public int ReadCalls { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ReadCalls++;
        throw new IOException("simulated disk failure");
    }

    public override int Read(Span<byte> buffer)
    {
        ReadCalls++;
        throw new IOException("simulated disk failure");
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ReadCalls++;
        return ValueTask.FromException<int>(new IOException("simulated disk failure"));
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
