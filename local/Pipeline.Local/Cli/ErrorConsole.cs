using Spectre.Console;

namespace Pipeline.Local.Cli;

/// <summary>Errors and warnings go to stderr, so stdout (tables, <c>--json</c>) stays clean when redirected.</summary>
public static class ErrorConsole
{
    private static readonly Lazy<IAnsiConsole> Console = new(Create);

    public static IAnsiConsole Instance => Console.Value;

    /// <summary>"pipeline: " and the message, in red; the message is plain text, not markup.</summary>
    public static void Error(string message) =>
        Instance.MarkupLine($"[red]pipeline:[/] {Markup.Escape(message)}");

    /// <summary>A problem the command carries on after.</summary>
    public static void Warning(string message) =>
        Instance.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

    private static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        if (System.Console.IsErrorRedirected)
        {
            // A log file has no width: one message, one line.
            console.Profile.Width = 4096;
        }

        return console;
    }
}
