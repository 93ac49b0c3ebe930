using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>Progress&lt;T&gt; posts to the thread pool; a test that stops a run part-way needs the callback to run before the next unit starts.</summary>
internal sealed class SynchronousProgress(Action<ReconciliationProgress> handler) : IProgress<ReconciliationProgress>
{
    public void Report(ReconciliationProgress value) => handler(value);
}
