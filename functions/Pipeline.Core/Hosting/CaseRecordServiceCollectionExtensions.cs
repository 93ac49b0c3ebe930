using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipeline.Bundles;
using Pipeline.Disposal;
using Pipeline.Impact;
using Pipeline.Receipts;

namespace Pipeline.Hosting;

/// <summary>What a case's record offers its parties and courts: receipts, manifests and proofs, bundles, disposal, legal hold, impact.</summary>
public static class CaseRecordServiceCollectionExtensions
{
    public static IServiceCollection AddCaseRecordServices(this IServiceCollection services)
    {
        services.TryAddSingleton<ReceiptService>();
        services.TryAddSingleton<DisposalService>();
        services.TryAddSingleton<IBlobLegalHold, AzureBlobLegalHold>();
        services.TryAddSingleton<LegalHoldService>();
        services.TryAddSingleton<BundleExporter>();
        services.TryAddSingleton<ImpactService>();
        return services;
    }
}
