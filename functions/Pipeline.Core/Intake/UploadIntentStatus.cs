namespace Pipeline.Intake;

/// <summary>What became of an <see cref="UploadIntent"/>, as read from the rows its upload led to.</summary>
public static class UploadIntentStatus
{
    /// <summary>Declared; its SAS is still valid and no bytes have been ingested yet.</summary>
    public const string Pending = UploadIntent.PendingState;

    /// <summary>Its upload was ingested: a document row (accepted or rejected) or an upload record exists for its id.</summary>
    public const string Received = "Received";

    /// <summary>Its SAS expired and nothing was ingested under its id: reconciliation reports it as <c>abandoned-intent</c>.</summary>
    public const string Expired = "Expired";
}
