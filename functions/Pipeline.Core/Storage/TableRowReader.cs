using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Azure.Data.Tables;

namespace Pipeline.Storage;

/// <summary>
/// Reads table entities into the pipeline's row types without the SDK's typed binder, which throws (and so stops a
/// whole query) on one property of an unexpected type. Every property is checked against the row type: its type (a
/// 32-bit <c>Length</c> is not the 64-bit one the pipeline writes), presence (non-nullable properties are required),
/// length (<see cref="MaxLengthAttribute"/>, else <see cref="DefaultMaxStringLength"/>) and that the type has it.
/// A property added to a row type later must be nullable: rows written before it lack it.
/// </summary>
public static class TableRowReader
{
    /// <summary>Longest string a property may hold unless it says otherwise (the service's own limit is 32 K characters).</summary>
    public const int DefaultMaxStringLength = 32 * 1024;

    private static readonly ConcurrentDictionary<Type, RowShape> Shapes = new();

    /// <summary>The row as <typeparamref name="T"/> with whatever properties were readable, and what is wrong with it (empty when nothing).</summary>
    public static RowRead<T> Read<T>(TableEntity entity)
        where T : class, ITableEntity, new()
    {
        ArgumentNullException.ThrowIfNull(entity);
        var shape = Shapes.GetOrAdd(typeof(T), CreateShape);
        var row = new T { PartitionKey = entity.PartitionKey, RowKey = entity.RowKey, Timestamp = entity.Timestamp, ETag = entity.ETag };
        var problems = new List<RowProblem>();
        foreach (var (name, value) in entity)
        {
            if (name is nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or "odata.etag")
            {
                continue;
            }

            if (!shape.Properties.TryGetValue(name, out var property))
            {
                problems.Add(new RowProblem(name, $"is not a property of a {typeof(T).Name}"));
            }
            else if (Assign(property, row, value) is { } problem)
            {
                problems.Add(new RowProblem(name, problem));
            }
        }

        foreach (var required in shape.Required.Where(name => !entity.ContainsKey(name)))
        {
            problems.Add(new RowProblem(required, "is missing"));
        }

        return new RowRead<T>(row, problems);
    }

    private static string? Assign(PropertyShape property, object row, object? value)
    {
        var target = Nullable.GetUnderlyingType(property.Info.PropertyType) ?? property.Info.PropertyType;
        object? converted = (value, target) switch
        {
            (null, _) => property.Required ? null : DBNullMarker.Instance,
            (string text, _) when target == typeof(string) => text.Length <= property.MaxLength ? text : null,
            (long number, _) when target == typeof(long) => number,
            (int number, _) when target == typeof(int) => number,
            (bool flag, _) when target == typeof(bool) => flag,
            (double number, _) when target == typeof(double) => number,
            (DateTimeOffset time, _) when target == typeof(DateTimeOffset) => time,
            (DateTime time, _) when target == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            (Guid id, _) when target == typeof(Guid) => id,
            (byte[] bytes, _) when target == typeof(byte[]) => bytes,
            _ => null,
        };
        if (converted is null)
        {
            return value switch
            {
                null => "is null",
                string text when target == typeof(string) => $"is {text.Length} characters long, over the limit of {property.MaxLength}",
                _ => $"is {EdmName(value)}, expected {EdmName(target)}",
            };
        }

        if (property.Settable)
        {
            property.Info.SetValue(row, converted is DBNullMarker ? null : converted);
        }

        return null;
    }

    private static string EdmName(object value) => EdmName(value.GetType());

    private static string EdmName(Type type) => type switch
    {
        _ when type == typeof(string) => "String",
        _ when type == typeof(long) => "Int64",
        _ when type == typeof(int) => "Int32",
        _ when type == typeof(bool) => "Boolean",
        _ when type == typeof(double) => "Double",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "DateTime",
        _ when type == typeof(Guid) => "Guid",
        _ when type == typeof(byte[]) => "Binary",
        _ => type.Name,
    };

    private static RowShape CreateShape(Type type)
    {
        var properties = new Dictionary<string, PropertyShape>(StringComparer.Ordinal);
        // One context per shape: NullabilityInfoContext is not thread-safe, and shapes are created by concurrent readers.
        var nullability = new NullabilityInfoContext();
        foreach (var info in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (info.GetMethod is not { IsPublic: true } || info.GetIndexParameters().Length > 0
                || info.Name is nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag))
            {
                continue;
            }

            // The SDK also writes get-only properties (e.g. CaseId beside PartitionKey): known, type-checked, never set.
            var settable = info.SetMethod is { IsPublic: true };
            var required = settable && info.PropertyType.IsValueType
                ? Nullable.GetUnderlyingType(info.PropertyType) is null
                : settable && nullability.Create(info).WriteState == NullabilityState.NotNull;
            var maxLength = info.GetCustomAttribute<MaxLengthAttribute>()?.Length ?? DefaultMaxStringLength;
            properties[info.Name] = new PropertyShape(info, required, settable, maxLength);
        }

        return new RowShape(properties, [.. properties.Values.Where(p => p.Required).Select(p => p.Info.Name)]);
    }

    private sealed record PropertyShape(PropertyInfo Info, bool Required, bool Settable, int MaxLength);

    private sealed record RowShape(Dictionary<string, PropertyShape> Properties, IReadOnlyList<string> Required);

    /// <summary>Stands for "set the property to null" where null itself means "not convertible".</summary>
    private sealed class DBNullMarker
    {
        public static readonly DBNullMarker Instance = new();
    }
}

/// <summary>One property of a stored row that is not what the pipeline writes.</summary>
public sealed record RowProblem(string Property, string Problem)
{
    public override string ToString() => $"{Property} {Problem}";
}

/// <summary>A row read by <see cref="TableRowReader"/>: the typed row, and what is wrong with it.</summary>
public sealed record RowRead<T>(T Row, IReadOnlyList<RowProblem> Problems)
{
    public bool IsWellFormed => Problems.Count == 0;

    /// <summary>"documents row {pk}/{rk}: Length is Int32, expected Int64; …" — what an operator needs to find and fix it.</summary>
    public string Describe(string rowKind) =>
        Row is ITableEntity entity
            ? $"{rowKind} row {entity.PartitionKey}/{entity.RowKey}: {string.Join("; ", Problems)}"
            : string.Join("; ", Problems);
}
