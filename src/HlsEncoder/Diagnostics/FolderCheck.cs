using HlsEncoder.Configuration;

namespace HlsEncoder.Diagnostics;

/// <summary>
/// The user's folders HlsEncoder writes outside the packages: the state folder (<see cref="UserFolderKind.State"/>:
/// what this machine published in the flat course layout) and the config folder
/// (<see cref="UserDefaultsStore"/>: Set-HlsEncoderDefault's file). Each must be writable, or creatable
/// where it does not exist yet: the check writes and deletes a small file in it, or in the nearest folder
/// above it that exists, and creates nothing else.
/// </summary>
public static class FolderCheck
{
    public static EnvironmentCheck CheckStateFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var variable = OperatingSystem.IsWindows() ? "LOCALAPPDATA" : "XDG_STATE_HOME";
        return Check(EnvironmentCheckNames.StateFolder, Path.GetFullPath(folder), variable, "the course folders this machine published in the flat layout");
    }

    /// <summary>The config folder is writable and the defaults saved there, if any, can be read.</summary>
    public static EnvironmentCheck CheckConfigFolder(UserDefaultsStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var variable = OperatingSystem.IsWindows() ? "APPDATA" : "XDG_CONFIG_HOME";
        var folder = Path.GetDirectoryName(Path.GetFullPath(store.Path))!;
        var writable = Check(EnvironmentCheckNames.ConfigFolder, folder, variable, "the defaults of Set-HlsEncoderDefault");
        if (writable.Status != EnvironmentCheckStatus.Passed)
        {
            return writable;
        }

        try
        {
            store.Load().Validate();
            return File.Exists(store.Path)
                ? writable with { Detail = $"{writable.Detail} The saved defaults in {store.Path} are readable and valid." }
                : writable;
        }
        catch (HlsEncoderException e)
        {
            var detail = e.ErrorId == "InvalidDefault" ? $"The saved defaults in {store.Path} are invalid: {e.Message}" : e.Message;
            return EnvironmentCheck.Failed(EnvironmentCheckNames.ConfigFolder, detail,
                "Forget the broken defaults with: Set-HlsEncoderDefault -Clear; then set the ones you want again with Set-HlsEncoderDefault.");
        }
    }

    private static EnvironmentCheck Check(string name, string folder, string variable, string holds)
    {
        var access = OperatingSystem.IsWindows()
            ? "Give your account write access to {0}"
            : "Give this user write access to {0} (for example: sudo chown -R \"$(id -un)\" '{0}')";
        var redirect = $", or set {variable} to a folder this user can write.";

        // The folder, or the nearest folder above it that exists (where it would be created).
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return EnvironmentCheck.Failed(name, $"{existing} is a file, where the folder {folder} (for {holds}) should be.",
                    $"Move or delete the file {existing}{redirect}");
            }

            var parent = Path.GetDirectoryName(existing);
            if (parent is null)
            {
                return EnvironmentCheck.Failed(name, $"No folder above {folder} exists.", $"Create {folder}{redirect}");
            }

            existing = parent;
        }

        var probe = Path.Combine(existing, $".hlsencoder-write-check-{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var where = existing == folder ? folder : $"{existing}, where {folder} would be created,";
            return EnvironmentCheck.Failed(name, $"HlsEncoder cannot write in {where} for {holds}: {e.Message}",
                string.Format(System.Globalization.CultureInfo.InvariantCulture, access, existing) + redirect);
        }
        finally
        {
            File.Delete(probe);
        }

        return EnvironmentCheck.Passed(name, existing == folder
            ? $"{folder} is writable."
            : $"{folder} does not exist yet; it will be created in {existing}, which is writable.");
    }
}
