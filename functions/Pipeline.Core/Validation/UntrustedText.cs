using System.Text;

namespace Pipeline.Validation;

/// <summary>
/// Text that came from an upload (parser messages, metadata values, names) before it goes into rows, audit records,
/// blob metadata or logs: control characters replaced and length capped, so hostile input cannot push a record past a
/// storage limit (64 KiB per table property, 8 KiB of blob metadata) and stop the rejection from being recorded.
/// </summary>
public static class UntrustedText
{
    private const char Ellipsis = '…';

    public static string Bound(string? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = value.Length > maxLength ? value[..(maxLength - 1)] : value;
        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            text = text[..^1];
        }

        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? '\uFFFD' : c);
        }

        return value.Length > text.Length ? builder.Append(Ellipsis).ToString() : builder.ToString();
    }
}
