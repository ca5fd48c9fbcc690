using System.Management.Automation;
using HlsEncoder.Validation;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>Fails parameter binding with the platform's own rule, before any request is made.</summary>
public abstract class TargetRuleAttribute : ValidateArgumentsAttribute
{
    protected abstract string? Check(string? value);

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (Check(value?.ToString()) is { } problem)
        {
            throw new ValidationMetadataException(problem);
        }
    }
}

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateCourseIdAttribute : TargetRuleAttribute
{
    protected override string? Check(string? value) => TargetRules.CheckCourseId(value);
}

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateVideoNameAttribute : TargetRuleAttribute
{
    protected override string? Check(string? value) => TargetRules.CheckName(value);
}

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateLanguageAttribute : TargetRuleAttribute
{
    protected override string? Check(string? value) => TargetRules.CheckLanguage(value);
}
