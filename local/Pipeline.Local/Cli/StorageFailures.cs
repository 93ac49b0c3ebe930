using System.Net.Sockets;
using Azure;

namespace Pipeline.Local.Cli;

/// <summary>What a storage failure means for the CLI: not set up, unreachable, or worth trying again later.</summary>
public static class StorageFailures
{
    private static readonly HashSet<string> NotSetUpCodes = new(StringComparer.Ordinal) { "ContainerNotFound", "TableNotFound", "QueueNotFound" };

    /// <summary>The exception and all its inner exceptions (every one of an AggregateException's), outermost first.</summary>
    public static IEnumerable<Exception> Chain(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var pending = new Stack<Exception>();
        pending.Push(exception);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>The "container/table/queue not found" failure in the chain: storage was never set up with <c>up</c>.</summary>
    public static RequestFailedException? NotSetUp(Exception exception) =>
        Chain(exception).OfType<RequestFailedException>().FirstOrDefault(e => e.ErrorCode is { } code && NotSetUpCodes.Contains(code));

    /// <summary>The outermost network failure in the chain (refused, unresolvable, timed out), or null when storage answered.</summary>
    public static Exception? Unreachable(Exception exception) =>
        Chain(exception).FirstOrDefault(e => e is HttpRequestException or SocketException or TimeoutException);

    /// <summary>A failure that may well not happen on the next attempt: network errors, throttling, timeouts, server errors.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        IOException or HttpRequestException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The first line of a message: the SDK's RequestFailedException.Message carries headers and content after it.</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
