using HlsEncoder.Configuration;
using HlsEncoder.Validation;

namespace HlsEncoder.Publishing;

/// <summary>
/// Where a publish takes what it was not told: the parameter (or the CSV column that bound to it), else
/// what Set-HlsEncoderDefault remembered, else the configuration (DEFAULT_LANGUAGE), else, for the name,
/// the file's own name without its extension.
/// </summary>
public static class PublishDefaults
{
    /// <summary>The target of one video, validated; every problem at once, before any request.</summary>
    /// <exception cref="HlsEncoderException">ErrorId "InvalidPublishTarget".</exception>
    public static PublishTarget TargetFor(string sourcePath, string? courseId, string? name, string? language, UserDefaults remembered, string defaultLanguage)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentNullException.ThrowIfNull(remembered);
        return PublishTarget.Create(courseId ?? remembered.CourseId, language ?? remembered.Language ?? defaultLanguage, NameFor(sourcePath, name, remembered));
    }

    /// <summary>
    /// The video's name. Get-ChildItem passes FileInfo.Name, the file's name with its extension, by
    /// property name into -Name: a name equal to the file's name is taken as no name, so such a video is
    /// named after its file without the extension, as one given by path is.
    /// </summary>
    public static string NameFor(string sourcePath, string? name, UserDefaults remembered)
    {
        ArgumentNullException.ThrowIfNull(remembered);
        var fileName = Path.GetFileName(sourcePath);
        if (name is not null && !string.Equals(name, fileName, StringComparison.Ordinal))
        {
            return name;
        }

        return name is null && remembered.Name is { } rememberedName ? rememberedName : Path.GetFileNameWithoutExtension(sourcePath);
    }

    /// <summary>Whether to delete the local package once published: -DeleteLocal when given (even as -DeleteLocal:$false), else the remembered default.</summary>
    public static bool DeleteLocal(bool? parameter, UserDefaults remembered)
    {
        ArgumentNullException.ThrowIfNull(remembered);
        return parameter ?? remembered.DeleteLocal == true;
    }
}
