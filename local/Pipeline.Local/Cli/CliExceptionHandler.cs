using Azure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Cli;

/// <summary>
/// Turns anything a command throws, and every parse or validation error, into a short message on stderr and an
/// exit code from <see cref="ExitCodes"/> (Spectre's default is a dump and -1, which the shell sees as 255).
/// </summary>
public sealed class CliExceptionHandler(IReadOnlyList<string> args, CancellationToken stop)
{
    public int Handle(Exception exception, ITypeResolver? resolver)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var console = ErrorConsole.Instance;
        switch (exception)
        {
            case OperationCanceledException when stop.IsCancellationRequested:
                ErrorConsole.Error("cancelled.");
                return ExitCodes.Cancelled;

            // Unknown command or option, missing or unconvertible value, failed settings validation.
            case CommandParseException or CommandRuntimeException:
                if (exception is CommandAppException { Pretty: { } pretty })
                {
                    console.Write(pretty);
                }
                else
                {
                    ErrorConsole.Error(exception.Message);
                }

                console.MarkupLine("[grey]See 'local/pipeline --help' or 'local/pipeline <command> --help'.[/]");
                return ExitCodes.Usage;
        }

        if (StorageFailures.NotSetUp(exception) is { } notSetUp)
        {
            ErrorConsole.Error($"storage is not set up ({notSetUp.ErrorCode}: {StorageFailures.FirstLine(notSetUp.Message)}).");
            console.MarkupLine("Run [bold]local/pipeline up[/] (with the same --connection) to create the containers, table and queue.");
        }
        else if (StorageFailures.Unreachable(exception) is { } unreachable)
        {
            ErrorConsole.Error($"storage is unreachable: {StorageFailures.FirstLine(unreachable.Message)}");
            console.MarkupLine(UsesAzurite()
                ? "Is Azurite running? [bold]local/pipeline up[/] starts it."
                : "Check --connection or $" + PipelineSettings.StorageVariable + ".");
        }
        else if (exception is RequestFailedException failed)
        {
            ErrorConsole.Error($"storage request failed ({failed.Status} {failed.ErrorCode}): {StorageFailures.FirstLine(failed.Message)}");
        }
        else
        {
            ErrorConsole.Error($"{exception.GetType().Name}: {StorageFailures.FirstLine(exception.Message)}");
            if (!GlobalOptions.VerboseIn(args))
            {
                console.MarkupLine("[grey]-v shows the full exception.[/]");
            }
        }

        if (GlobalOptions.VerboseIn(args))
        {
            console.WriteLine(exception.ToString());
        }

        return ExitCodes.Failure;
    }

    private bool UsesAzurite() => new PipelineSettings { Connection = GlobalOptions.ConnectionFrom(args) }.UsesAzurite();
}
