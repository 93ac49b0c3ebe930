using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pipeline.Hosting;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// Exports the pipeline's meters and the worker's traces to Application Insights when it is configured. The
/// reconciliation-anomalies alert in infra/ queries the <c>pipeline.reconciliation.anomalies</c> metric sent here.
/// </summary>
public static class TelemetryExtensions
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IHostApplicationBuilder AddPipelineTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration[ConnectionStringSetting];
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(PipelineMetrics.IngestMeterName, PipelineMetrics.IntegrityMeterName, PipelineMetrics.ReconciliationMeterName))
            .WithTracing(tracing => tracing.AddSource("Azure.*").AddProcessor(new UrlRedactingProcessor()));
        telemetry.UseFunctionsWorkerDefaults();
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var credential = CredentialFor(builder.Configuration[AuthenticationStringSetting]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
            });
        }

        return builder;
    }

    /// <summary>
    /// <c>Authorization=AAD;ClientId=…</c> (the form Application Insights documents) means Entra ID ingestion with the
    /// app's user-assigned identity; local authentication is disabled on the Application Insights resource.
    /// </summary>
    public static TokenCredential? CredentialFor(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
