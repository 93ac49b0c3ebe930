using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Pipeline.Audit;

namespace Pipeline.Bundles;

/// <summary>
/// A case's audit chain as JSON lines, one record per line in sequence order: every stored field of the record
/// (whatever fields the chain's hash covers), without the table's ETag and timestamp, so the chain can be verified
/// offline with <see cref="AuditChainVerifier"/>.
/// </summary>
public static class AuditChainFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DropTableBookkeeping } },
    };

    public static async Task<long> WriteAsync(Stream destination, IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var written = 0L;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(destination, record, Options, cancellationToken);
            destination.WriteByte((byte)'\n');
            written++;
        }

        return written;
    }

    /// <summary>Reads every record; a line that is not a record is reported (with its number) and skipped.</summary>
    public static async Task<List<AuditRecord>> ReadAsync(string file, List<string> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var records = new List<AuditRecord>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(file, Encoding.UTF8, cancellationToken))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<AuditRecord>(line, Options) ?? throw new JsonException("null"));
            }
            catch (JsonException ex)
            {
                problems.Add($"line {lineNumber} is not an audit record ({ex.Message})");
            }
        }

        return records;
    }

    private static void DropTableBookkeeping(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(AuditRecord))
        {
            return;
        }

        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            if (property.PropertyType == typeof(ETag) || property.Name == "timestamp")
            {
                typeInfo.Properties.RemoveAt(i);
            }
        }
    }
}
