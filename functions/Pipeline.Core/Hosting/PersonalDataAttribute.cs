using Microsoft.Extensions.Compliance.Classification;

namespace Pipeline.Hosting;

/// <summary>Marks a log parameter as <see cref="PipelineTaxonomy.PersonalData"/>; the logging generator redacts it.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PersonalDataAttribute : DataClassificationAttribute
{
    public PersonalDataAttribute()
        : base(PipelineTaxonomy.PersonalData)
    {
    }
}
