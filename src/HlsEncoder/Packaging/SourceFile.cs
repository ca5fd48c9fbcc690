namespace HlsEncoder.Packaging;

/// <summary>The video a package is made from, as a file that must exist and hold something.</summary>
internal static class SourceFile
{
    /// <summary>Fails with a per-file error for a missing, empty or directory source; returns the file otherwise.</summary>
    public static FileInfo Require(string path)
    {
        if (Directory.Exists(path))
        {
            throw new HlsEncoderException("SourceIsDirectory", FailureKind.InvalidArgument,
                $"{path} is a folder, not a video file. Name the video files, e.g. -Path '{Path.Combine(path, "*.mp4")}'.", path);
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new HlsEncoderException("SourceNotFound", FailureKind.NotFound, $"The source video {path} does not exist. Check the path.", path);
        }

        if (file.Length == 0)
        {
            throw new HlsEncoderException("SourceEmpty", FailureKind.InvalidData,
                $"The source video {path} is empty (0 bytes); it was probably not copied completely. Copy it again.", path);
        }

        return file;
    }
}
