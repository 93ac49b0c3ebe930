using Azure;
using Azure.Storage.Blobs.Specialized;

namespace Pipeline.Reconciliation;

/// <summary>
/// A held lease on the run lock blob, renewed in the background until disposed. If renewal keeps failing the lease
/// can expire and another run take it, so <see cref="Lost"/> is cancelled and the run holding this lock stops.
/// </summary>
public sealed class ReconciliationLock : IAsyncDisposable
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);
    private const int RenewalAttempts = 3;
    private readonly BlobLeaseClient _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _renewal;

    public ReconciliationLock(BlobLeaseClient lease)
    {
        _lease = lease;
        _renewal = RenewAsync(_stop.Token);
    }

    /// <summary>Cancelled when the lease could not be renewed.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>True when another process took the lease (409/412), not when renewal failed for other reasons.</summary>
    public bool TakenByAnother { get; private set; }

    /// <summary>The last renewal error when the lease was lost to failing renewals (a storage outage), else null.</summary>
    public Exception? RenewalFailure { get; private set; }

    /// <summary>
    /// Renews the lease now, before the run writes: a process that paused past its lease learns it lost the lock
    /// here, rather than from its next background renewal after it has overwritten another's files.
    /// </summary>
    public async Task ConfirmHeldAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _lease.RenewAsync(cancellationToken: cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                TakenByAnother = true;
                await _lost.CancelAsync();
                throw new ReconciliationSupersededException("The reconciliation lease was lost; this run stops without writing more.", ex);
            }
            catch (RequestFailedException) when (attempt < RenewalAttempts)
            {
                // A storage hiccup is not a lost lease: the lease still has most of its time; try again shortly.
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        try
        {
            await _lease.ReleaseAsync();
        }
        catch (RequestFailedException)
        {
            // Already expired or taken: it will expire on its own; the run's own outcome is what matters.
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(LeaseDuration / 4);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!await TryRenewAsync(cancellationToken))
                {
                    await _lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed: renewal ends here.
        }
    }

    private async Task<bool> TryRenewAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= RenewalAttempts; attempt++)
        {
            try
            {
                await _lease.RenewAsync(cancellationToken: cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another process holds the lease now: retrying cannot help.
                TakenByAnother = true;
                return false;
            }
            catch (RequestFailedException) when (attempt < RenewalAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt), cancellationToken);
            }
            catch (RequestFailedException ex)
            {
                RenewalFailure = ex;
                return false;
            }
        }

        return false;
    }
}
