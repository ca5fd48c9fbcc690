using System.Globalization;
using System.Management.Automation;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>
/// Accepts a duration as a TimeSpan, a number of seconds (1245, as the File record stores it) or a
/// time string ("00:20:45"). PowerShell alone would read a bare number as ticks.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            TimeSpan span => span,
            int or long or short or byte or uint or ulong or ushort => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            double or float or decimal => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => TimeSpan.FromSeconds(seconds),
            string text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) => span,
            _ => throw new ArgumentTransformationMetadataException(
                $"Cannot read '{value}' as a duration: give seconds (1245), a time (00:20:45) or a TimeSpan."),
        };
    }
}
