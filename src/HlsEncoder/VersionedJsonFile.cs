using System.Text.Json;

namespace HlsEncoder;

/// <summary>
/// One kind of JSON state file, so that every store reads, checks and writes its file the same way and
/// keeps only what is its own: the file's name, its record types, the versions it reads (and how an
/// older one is upgraded) and what it tells a person whose file it cannot use.
/// </summary>
/// <remarks>
/// The serializer options are the store's, because the files on disk must stay what earlier releases
/// wrote. A kind that accepts no version has none: the whole file is one <typeparamref name="T"/>,
/// whatever it holds (JSON null reads as no content). A versioned file is a JSON object, and a version
/// that is absent or not a whole number counts as 0, which no store reads.
/// An <see cref="IOException"/> while reading is not the file's content being wrong, so
/// <see cref="Read"/> lets it through rather than give the store's advice (such as starting afresh) for
/// a disk fault; only <see cref="TryRead"/>, for records that are a cache, treats it as no record.
/// </remarks>
internal sealed class VersionedJsonFile<T>
    where T : class
{
    private const string VersionProperty = "version";

    private readonly SortedDictionary<int, Func<JsonElement, T?>> _readers = [];
    private readonly JsonSerializerOptions _options;
    private readonly JsonDocumentOptions _documentOptions;

    public VersionedJsonFile(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _documentOptions = new JsonDocumentOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.ReadCommentHandling,
            MaxDepth = options.MaxDepth,
        };
    }

    /// <summary>Reads files of <paramref name="version"/> as they are: the current version.</summary>
    public VersionedJsonFile<T> Accept(int version) => Accept<T>(version, current => current);

    /// <summary>
    /// Reads files of <paramref name="version"/> as <typeparamref name="TRecord"/>, then turns that into
    /// today's shape with <paramref name="upgrade"/>, so that files an earlier release wrote go on working.
    /// </summary>
    public VersionedJsonFile<T> Accept<TRecord>(int version, Func<TRecord?, T?> upgrade)
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(upgrade);
        _readers.Add(version, root => upgrade(root.Deserialize<TRecord>(_options)));
        return this;
    }

    /// <summary>The file's content, or null when there is no file.</summary>
    /// <param name="invalid">
    /// The store's error for a file it cannot use, given what is wrong with it: "cannot be read (…)" with
    /// the <see cref="JsonException"/> as the cause, or "has version 3; this HlsEncoder reads …" with none.
    /// Its message names the file and says what to do.
    /// </param>
    /// <exception cref="HlsEncoderException">The file is not JSON, not of the shape, or of a version not accepted.</exception>
    public T? Read(string path, Func<string, Exception?, HlsEncoderException> invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        var content = Load(path, out var problem, out var cause);
        return problem is null ? content : throw invalid(problem, cause);
    }

    /// <summary>The file's content, or null when there is none or it cannot be used for any reason: for a record that can be made again.</summary>
    public T? TryRead(string path)
    {
        try
        {
            return Load(path, out _, out _);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="content"/> atomically: a reader finds the old file or the new one, never part of it.</summary>
    public void Write(string path, T content) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, content, _options));

    /// <returns>The content; null when there is no file, or with <paramref name="problem"/> set when it cannot be used.</returns>
    private T? Load(string path, out string? problem, out JsonException? cause)
    {
        problem = null;
        cause = null;
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            using (stream)
            {
                if (_readers.Count == 0)
                {
                    return JsonSerializer.Deserialize<T>(stream, _options);
                }

                using var document = JsonDocument.Parse(stream, _documentOptions);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new JsonException($"Expected a JSON object at the top level, found {root.ValueKind}.");
                }

                var version = VersionOf(root);
                if (_readers.TryGetValue(version, out var reader))
                {
                    return reader(root);
                }

                problem = $"has version {version}; this HlsEncoder reads {Versions()}";
                return null;
            }
        }
        catch (JsonException e)
        {
            problem = $"cannot be read ({e.Message})";
            cause = e;
            return null;
        }
    }

    private static int VersionOf(JsonElement root) =>
        root.TryGetProperty(VersionProperty, out var version)
        && version.ValueKind == JsonValueKind.Number
        && version.TryGetInt32(out var number)
            ? number
            : 0;

    /// <summary>"version 1", "versions 1 and 2", "versions 1, 2 and 3".</summary>
    private string Versions()
    {
        var versions = _readers.Keys.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return versions.Length == 1
            ? $"version {versions[0]}"
            : $"versions {string.Join(", ", versions[..^1])} and {versions[^1]}";
    }
}
