using System.Runtime.CompilerServices;

namespace Pipeline.Reconciliation;

/// <summary>
/// Starts work for the next few items of a stream while the caller handles the current one, and hands items back in
/// stream order with their (started) work: the reconciliation's reads overlap, its findings stay in order.
/// </summary>
internal static class ReadAhead
{
    public static async IAsyncEnumerable<(T Item, Task<TResult> Work)> StartAheadAsync<T, TResult>(
        this IAsyncEnumerable<T> source, Func<T, CancellationToken, Task<TResult>> start, int depth, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ahead = new Queue<(T Item, Task<TResult> Work)>();
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken))
            {
                ahead.Enqueue((item, start(item, cancellationToken)));
                if (ahead.Count >= Math.Max(1, depth))
                {
                    yield return ahead.Dequeue();
                }
            }

            while (ahead.TryDequeue(out var next))
            {
                yield return next;
            }
        }
        finally
        {
            // A caller that stops early leaves work in flight: wait for it, so none outlives the run or goes unobserved.
            while (ahead.TryDequeue(out var pending))
            {
                try
                {
                    await pending.Work;
                }
                catch (Exception)
                {
                    // The caller is already ending with its own exception (or chose to stop); this failure adds nothing.
                }
            }
        }
    }
}
