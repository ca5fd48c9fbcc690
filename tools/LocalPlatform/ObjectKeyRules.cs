namespace LocalPlatform;

public static class ObjectKeyRules
{
    public const string Root = "courses/";

    public static string? Problem(string? key, string field)
    {
        if (string.IsNullOrEmpty(key))
        {
            return $"{field} is required";
        }
        if (key.StartsWith('/'))
        {
            return $"{field} must not start with /";
        }
        if (key.Contains('\\'))
        {
            return $"{field} must not contain a backslash";
        }
        if (!key.StartsWith(Root, StringComparison.Ordinal))
        {
            return $"{field} must start with {Root}";
        }
        if (key.Split('/').Contains(".."))
        {
            return $"{field} must not contain a .. segment";
        }
        return null;
    }
}
