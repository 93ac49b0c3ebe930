namespace Pipeline.Integrity;

/// <summary>Receives checks for a host without triggers (the local host), whatever the transport.</summary>
public interface IIntegrityCheckReceiver
{
    /// <summary>Handles and settles checks until none is waiting; returns how many were settled.</summary>
    Task<int> DrainAsync(CancellationToken cancellationToken = default);
}
