using Pipeline.Ingest;

namespace Pipeline.Local;

/// <summary>Reports on the caller's thread, so console lines appear in order.</summary>
public sealed class SynchronousProgress(Action<IngestResult> handler) : IProgress<IngestResult>
{
    public void Report(IngestResult value) => handler(value);
}
