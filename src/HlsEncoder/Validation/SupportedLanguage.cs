namespace HlsEncoder.Validation;

/// <summary>A language the platform serves; the code is the folder under courses/{courseId}/.</summary>
public sealed record SupportedLanguage(string Code, string EnglishName, string NativeName)
{
    public static IReadOnlyList<SupportedLanguage> All { get; } =
    [
        new("en", "English", "English"),
        new("es", "Spanish", "Español"),
        new("fr", "French", "Français"),
        new("de", "German", "Deutsch"),
        new("ar", "Arabic", "العربية"),
        new("hi", "Hindi", "हिन्दी"),
    ];

    public static IReadOnlyList<string> Codes { get; } = All.Select(l => l.Code).ToArray();

    public static SupportedLanguage? Find(string? code) =>
        All.FirstOrDefault(l => string.Equals(l.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));
}
