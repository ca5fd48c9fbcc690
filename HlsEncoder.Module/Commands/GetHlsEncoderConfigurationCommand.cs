using System.Management.Automation;
using HlsEncoder.Configuration;

namespace HlsEncoder.Module.Commands;

/// <summary>Shows every effective setting, where it came from, and what is wrong with it; never a secret's value.</summary>
[Cmdlet(VerbsCommon.Get, "HlsEncoderConfiguration")]
[OutputType(typeof(HlsEncoderSetting))]
public sealed class GetHlsEncoderConfigurationCommand : SettingsCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void EndProcessing()
    {
        var patterns = (Name ?? ["*"]).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var setting in Configuration.Settings.Where(s => patterns.Any(p => p.IsMatch(s.Name))))
        {
            WriteObject(setting);
        }
    }
}
