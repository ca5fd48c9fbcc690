using System.Globalization;
using System.Text.RegularExpressions;
using HlsEncoder.Diagnostics;
using HlsEncoder.TestAssets;

namespace HlsEncoder.Tests.Diagnostics;

/// <summary>
/// Free space on a real volume, measured independently with df. No test can fill a disk, so the warning
/// and the failure are reached with thresholds above what this volume has.
/// </summary>
public sealed class DiskSpaceCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-disk-check-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_real_thresholds_judge_the_free_space_that_df_reports()
    {
        var free = FreeBytesByDf(_folder);
        var expected = free < 2_000_000_000 ? EnvironmentCheckStatus.Failed
            : free < 10_000_000_000 ? EnvironmentCheckStatus.Warning
            : EnvironmentCheckStatus.Passed;

        var check = DiskSpaceCheck.Run(_folder);

        Assert.Equal((EnvironmentCheckNames.DiskSpace, expected), (check.Name, check.Status));
        Assert.Matches($@"^\d+\.\d GB free on /\S*, the volume of {Regex.Escape(_folder)}\.( |$)", check.Detail);
        // Others write to this disk meanwhile: agree with df to within half a gigabyte.
        var shown = double.Parse(check.Detail.Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.InRange(shown, (free / 1e9) - 0.5, (free / 1e9) + 0.5);
    }

    [Fact]
    public void Free_space_above_both_thresholds_passes()
    {
        var check = DiskSpaceCheck.Run(_folder, minimumFreeBytes: 1, warningFreeBytes: 2);

        Assert.Equal((EnvironmentCheckStatus.Passed, null), (check.Status, check.Fix));
        Assert.Matches(@"^\d+\.\d GB free on /\S*, the volume of ", check.Detail);
    }

    [Fact]
    public void Free_space_under_the_warning_threshold_warns()
    {
        var check = DiskSpaceCheck.Run(_folder, minimumFreeBytes: 1, warningFreeBytes: long.MaxValue);

        Assert.Equal(EnvironmentCheckStatus.Warning, check.Status);
        Assert.Contains("-DeleteLocal", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_space_under_the_minimum_fails_and_says_how_much_to_free()
    {
        var check = DiskSpaceCheck.Run(_folder, minimumFreeBytes: long.MaxValue, warningFreeBytes: long.MaxValue);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.Matches(@"^Free at least \d+\.\d GB more on /\S*", check.Fix);
        Assert.Contains("-Path", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_does_not_exist_fails_with_the_command_that_makes_it()
    {
        var missing = Path.Combine(_folder, "videos");

        var check = DiskSpaceCheck.Run(missing);

        Assert.Equal((EnvironmentCheckStatus.Failed, $"The folder {missing} does not exist."), (check.Status, check.Detail));
        Assert.EndsWith($"New-Item -ItemType Directory -Path '{missing}'", check.Fix, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void A_file_is_not_a_folder()
    {
        var file = Path.Combine(_folder, "lecture.mp4");
        File.WriteAllText(file, "x");

        var check = DiskSpaceCheck.Run(file);

        Assert.Equal((EnvironmentCheckStatus.Failed, $"{file} is a file, not a folder."), (check.Status, check.Detail));
    }

    private static long FreeBytesByDf(string folder) =>
        long.Parse(ExternalTool.Run("df", "--block-size=1", "--output=avail", folder).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim(), CultureInfo.InvariantCulture);
}
