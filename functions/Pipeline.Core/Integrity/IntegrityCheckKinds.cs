namespace Pipeline.Integrity;

/// <summary>Why a check was asked for; carried in the message and its <c>ApplicationProperties</c>.</summary>
public static class IntegrityCheckKinds
{
    /// <summary>The first check after ingest.</summary>
    public const string Ingest = "ingest";

    /// <summary>A re-verification the nightly reconciliation queued.</summary>
    public const string Reverify = "reverify";

    /// <summary>A dead-lettered check sent again by an operator (<c>local/pipeline dlq replay</c>).</summary>
    public const string Replay = "replay";
}
