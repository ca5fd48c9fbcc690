namespace HlsEncoder.Packaging;

/// <summary>
/// The problems found in a folder, gathered so that one error names them all: an admin who copied a
/// folder in part should learn every missing file at once, not one per attempt. The message shows the
/// first few and counts the rest, so a folder with thousands of missing segments stays readable.
/// </summary>
internal sealed class ProblemList
{
    public const int Shown = 10;

    private readonly List<string> _problems = [];

    public int Count => _problems.Count;

    public void Add(string problem) => _problems.Add(problem);

    /// <summary>The "NotAnHlsPackage" error for <paramref name="folder"/>, listing the problems and saying what to do.</summary>
    public HlsEncoderException ToException(string folder, string whatToDo)
    {
        var listed = string.Join("; ", _problems.Take(Shown));
        var more = Count > Shown ? $"; and {Count - Shown} more" : string.Empty;
        var count = Count == 1 ? "1 problem" : $"{Count} problems";
        return new HlsEncoderException("NotAnHlsPackage", FailureKind.InvalidData, $"{folder} is not a complete HLS package ({count}): {listed}{more}. {whatToDo}", folder);
    }
}
