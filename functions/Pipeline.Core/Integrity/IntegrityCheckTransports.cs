namespace Pipeline.Integrity;

public static class IntegrityCheckTransports
{
    public const string StorageQueue = "StorageQueue";
    public const string ServiceBus = "ServiceBus";
}
