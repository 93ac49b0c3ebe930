using System.Net.Http;
using System.Net.Sockets;
using Azure;
using Pipeline.Local.Cli;

namespace Pipeline.Tests.Local;

public sealed class CliExceptionHandlerTests
{
    private static readonly string[] NoArgs = [];

    [Theory]
    [InlineData("TableNotFound")]
    [InlineData("ContainerNotFound")]
    [InlineData("QueueNotFound")]
    public void Handle_ResourceNotFound_ReturnsFailureAndIsNamedNotSetUp(string errorCode)
    {
        var notFound = new RequestFailedException(404, "The resource specified does not exist.\nRequestId: 1", errorCode, null);

        Assert.Same(notFound, StorageFailures.NotSetUp(notFound));
        Assert.Equal(ExitCodes.Failure, new CliExceptionHandler(NoArgs, CancellationToken.None).Handle(notFound, null));
    }

    [Fact]
    public void Handle_RetriesExhaustedOnRefusedConnection_ReturnsFailureAndIsNamedUnreachable()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused));
        var exhausted = new AggregateException("Retry failed after 3 tries.", Enumerable.Range(0, 3).Select(_ => new RequestFailedException("Connection refused (127.0.0.1:1)", refused)));

        Assert.Same(refused, StorageFailures.Unreachable(exhausted));
        Assert.Equal(ExitCodes.Failure, new CliExceptionHandler(NoArgs, CancellationToken.None).Handle(exhausted, null));
    }

    [Fact]
    public void Handle_CancelledByCtrlC_ReturnsCancelled()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        Assert.Equal(ExitCodes.Cancelled, new CliExceptionHandler(NoArgs, stop.Token).Handle(new OperationCanceledException(stop.Token), null));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    public void IsTransient_RequestFailedWithStatus_OnlyNetworkThrottlingAndServerErrors(int status, bool expected)
    {
        Assert.Equal(expected, StorageFailures.IsTransient(new RequestFailedException(status, "failed")));
    }

    [Fact]
    public void IsTransient_AggregateOfNetworkFailures_True()
    {
        var exhausted = new AggregateException(new RequestFailedException("refused", new HttpRequestException("refused")), new IOException("reset"));

        Assert.True(StorageFailures.IsTransient(exhausted));
    }
}
