using Azure.Storage.Blobs.Specialized;

namespace Pipeline.Reconciliation;

/// <summary>A held lease on the run lock blob, renewed in the background until disposed.</summary>
public sealed class ReconciliationLock : IAsyncDisposable
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);
    private readonly BlobLeaseClient _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    public ReconciliationLock(BlobLeaseClient lease)
    {
        _lease = lease;
        _renewal = RenewAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _renewal;
        }
        catch (OperationCanceledException)
        {
            // Expected: renewal stops here.
        }

        await _lease.ReleaseAsync();
        _stop.Dispose();
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(LeaseDuration / 3);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await _lease.RenewAsync(cancellationToken: cancellationToken);
        }
    }
}
