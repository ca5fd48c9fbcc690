using HlsEncoder.Configuration;
using HlsEncoder.Diagnostics;

namespace HlsEncoder.Tests.Diagnostics;

/// <summary>The state and config folder checks against real folders: writable, not there yet, blocked by a file, or not writable at all.</summary>
public sealed class FolderCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-folder-check-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_writable_folder_passes_and_keeps_nothing_of_the_check()
    {
        var check = FolderCheck.CheckStateFolder(_folder);

        Assert.Equal((EnvironmentCheckNames.StateFolder, EnvironmentCheckStatus.Passed, $"{_folder} is writable.", null), (check.Name, check.Status, check.Detail, check.Fix));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void A_folder_not_made_yet_passes_when_it_can_be_made_and_is_not_made_by_the_check()
    {
        var state = Path.Combine(_folder, "state", "HlsEncoder");

        var check = FolderCheck.CheckStateFolder(state);

        Assert.Equal(EnvironmentCheckStatus.Passed, check.Status);
        Assert.Equal($"{state} does not exist yet; it will be created in {_folder}, which is writable.", check.Detail);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void A_file_where_the_folder_should_be_fails()
    {
        var file = Path.Combine(_folder, "state");
        File.WriteAllText(file, "not a folder");
        var state = Path.Combine(file, "HlsEncoder");

        var check = FolderCheck.CheckStateFolder(state);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.StartsWith($"{file} is a file, where the folder {state}", check.Detail, StringComparison.Ordinal);
        Assert.Equal($"Move or delete the file {file}, or set XDG_STATE_HOME to a folder this user can write.", check.Fix);
    }

    [Fact]
    public void A_folder_nobody_can_write_fails_with_the_access_to_give()
    {
        // /proc takes no new files, not even from root (these tests run as root in CI, where chmod would not stop a write).
        var state = "/proc/hlsencoder-test/HlsEncoder";

        var check = FolderCheck.CheckStateFolder(state);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.StartsWith($"HlsEncoder cannot write in /proc, where {state} would be created, for ", check.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Give this user write access to /proc", check.Fix, StringComparison.Ordinal);
        Assert.EndsWith("or set XDG_STATE_HOME to a folder this user can write.", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void The_config_folder_passes_with_readable_defaults()
    {
        var store = new UserDefaultsStore(Path.Combine(_folder, "HlsEncoder", "defaults.json"));
        store.Save(new UserDefaults { CourseId = "65a1f0c2e4b0a1b2c3d4e5f6", Language = "fr" });

        var check = FolderCheck.CheckConfigFolder(store);

        Assert.Equal((EnvironmentCheckNames.ConfigFolder, EnvironmentCheckStatus.Passed), (check.Name, check.Status));
        Assert.Equal($"{Path.Combine(_folder, "HlsEncoder")} is writable. The saved defaults in {store.Path} are readable and valid.", check.Detail);
    }

    [Fact]
    public void Broken_saved_defaults_fail_with_the_command_that_clears_them()
    {
        var store = new UserDefaultsStore(Path.Combine(_folder, "HlsEncoder", "defaults.json"));
        Directory.CreateDirectory(Path.GetDirectoryName(store.Path)!);
        File.WriteAllText(store.Path, "{ not json");

        var check = FolderCheck.CheckConfigFolder(store);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.Contains(store.Path, check.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Forget the broken defaults with: Set-HlsEncoderDefault -Clear", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Saved_defaults_that_break_the_platform_rules_fail()
    {
        var store = new UserDefaultsStore(Path.Combine(_folder, "defaults.json"));
        File.WriteAllText(store.Path, """{ "courseId": "not-a-course" }""");

        var check = FolderCheck.CheckConfigFolder(store);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.StartsWith($"The saved defaults in {store.Path} are invalid: ", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_config_folder_that_cannot_be_written_fails_before_the_defaults_are_read()
    {
        var check = FolderCheck.CheckConfigFolder(new UserDefaultsStore("/proc/hlsencoder-test/HlsEncoder/defaults.json"));

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.EndsWith("or set XDG_CONFIG_HOME to a folder this user can write.", check.Fix, StringComparison.Ordinal);
    }
}
