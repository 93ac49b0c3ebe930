namespace Pipeline.Validation;

/// <summary>
/// Read-only pass-through that remembers whether the underlying stream itself failed. Parsers throw all sorts
/// of exceptions (including <see cref="EndOfStreamException"/>, an <see cref="IOException"/>) for bad bytes;
/// only a failure of the spooled file itself must propagate, so the validator asks this wrapper which it was.
/// Never disposes the inner stream: the caller owns it.
/// </summary>
internal sealed class FaultRecordingStream(Stream inner) : Stream
{
    public Exception? Fault { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => Guard(() => inner.Length);

    public override long Position
    {
        get => Guard(() => inner.Position);
        set => Guard(() => inner.Position = value);
    }

    public override int Read(byte[] buffer, int offset, int count) => Guard(() => inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception ex) when (Record(ex))
        {
            throw;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (Record(ex))
        {
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Guard(() => inner.Seek(offset, origin));

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (Record(ex))
        {
            throw;
        }
    }

    // Cancellation is not a stream fault; everything else thrown by the real stream is.
    private bool Record(Exception ex)
    {
        if (ex is not OperationCanceledException)
        {
            Fault ??= ex;
        }

        return false;
    }
}
