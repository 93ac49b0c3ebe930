using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace Pipeline.Functions.ServiceBus;

/// <summary>The trigger's binding data (message id, delivery or dequeue count); absent when a test calls the function directly.</summary>
internal static class TriggerMetadata
{
    public static string? Text(FunctionContext? context, string key) =>
        context is not null && context.BindingContext.BindingData.TryGetValue(key, out var value) ? value?.ToString()?.Trim('"') : null;

    public static long? Number(FunctionContext? context, string key) =>
        long.TryParse(Text(context, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
