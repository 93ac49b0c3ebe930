using Pipeline.Local.Cli;

namespace Pipeline.Tests.Local;

public sealed class GlobalOptionsTests
{
    [Fact]
    public void Hoist_ConnectionBeforeCommand_MovesItAfterTheCommand()
    {
        var args = GlobalOptions.Hoist(["--connection", "X", "status", "--case", "A"]);

        Assert.Equal(["status", "--connection", "X", "--case", "A"], args);
    }

    [Fact]
    public void Hoist_VerboseAndConnectionWithEqualsBeforeCommand_MovesBothInOrder()
    {
        var args = GlobalOptions.Hoist(["-v", "--connection=X", "reconcile", "--rehash"]);

        Assert.Equal(["reconcile", "-v", "--connection=X", "--rehash"], args);
    }

    [Theory]
    [InlineData("status", "--case", "A", "--connection", "X")]
    [InlineData("-v")]
    [InlineData("--connection", "X")]
    [InlineData("-v", "--help")]
    public void Hoist_NothingToMoveOrNoCommandAfter_LeavesArgumentsAsGiven(params string[] given)
    {
        Assert.Equal(given, GlobalOptions.Hoist(given));
    }

    [Theory]
    [InlineData("X", "status", "--connection", "X")]
    [InlineData("X", "status", "--connection=X")]
    [InlineData(null, "status", "--case", "A")]
    public void ConnectionFrom_Arguments_ReturnsTheConnectionValue(string? expected, params string[] args)
    {
        Assert.Equal(expected, GlobalOptions.ConnectionFrom(args));
    }
}
