namespace Pipeline.Local;

/// <summary>Reports on the caller's thread, so console lines appear in order (Progress&lt;T&gt; posts to the thread pool).</summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
