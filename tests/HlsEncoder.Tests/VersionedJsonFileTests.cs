using System.Text.Json;
using System.Text.Json.Serialization;

namespace HlsEncoder.Tests;

public sealed class VersionedJsonFileTests : IDisposable
{
    private const string Advice = "Run again with -Restart to start afresh.";

    private static readonly JsonSerializerOptions Attributes = new() { WriteIndented = true };

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A store's file at version 2, reading version 1 (which named the title "name") too.</summary>
    private static readonly VersionedJsonFile<Lecture> Lectures = new VersionedJsonFile<Lecture>(Attributes)
        .Accept(Lecture.CurrentVersion)
        .Accept<LectureVersion1>(1, old => old is null ? null : new Lecture { Title = old.Name });

    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-json-").FullName;

    private string FilePath => Path.Combine(_folder, ".lecture.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_missing_file_reads_as_nothing_and_is_not_made()
    {
        var inMissingFolder = Path.Combine(_folder, "missing", ".lecture.json");

        Assert.Null(Lectures.Read(FilePath, Invalid));
        Assert.Null(Lectures.Read(inMissingFolder, Invalid));
        Assert.Null(Lectures.TryRead(FilePath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void A_file_of_the_current_version_is_read_as_it_is()
    {
        File.WriteAllText(FilePath, """{ "version": 2, "title": "Intro", "note": "first take" }""");

        var read = Lectures.Read(FilePath, Invalid);

        Assert.Equal((2, "Intro", "first take"), (read!.Version, read.Title, read.Note));
        Assert.Equal("Intro", Lectures.TryRead(FilePath)?.Title);
    }

    [Fact]
    public void A_file_of_an_older_version_is_upgraded_by_its_reader()
    {
        File.WriteAllText(FilePath, """{ "version": 1, "name": "Intro" }""");

        var read = Lectures.Read(FilePath, Invalid);

        Assert.Equal((Lecture.CurrentVersion, "Intro"), (read!.Version, read.Title));
    }

    [Theory]
    [InlineData("""{ "version": 3, "title": "Intro" }""", "has version 3; this HlsEncoder reads versions 1 and 2")]
    [InlineData("""{ "title": "Intro" }""", "has version 0; this HlsEncoder reads versions 1 and 2")]
    [InlineData("""{ "version": "2", "title": "Intro" }""", "has version 0; this HlsEncoder reads versions 1 and 2")]
    public void A_file_of_a_version_not_read_is_refused_with_the_stores_error_naming_the_file(string content, string problem)
    {
        File.WriteAllText(FilePath, content);

        var error = Assert.Throws<HlsEncoderException>(() => Lectures.Read(FilePath, Invalid));

        Assert.Equal("LectureStateInvalid", error.ErrorId);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        Assert.Equal(FilePath, error.Target);
        Assert.Equal($"{FilePath} {problem}. {Advice}", error.Message);
        Assert.Null(error.InnerException);
        Assert.Null(Lectures.TryRead(FilePath));
    }

    [Fact]
    public void One_version_read_is_named_as_one()
    {
        var single = new VersionedJsonFile<Lecture>(Attributes).Accept(Lecture.CurrentVersion);
        File.WriteAllText(FilePath, """{ "version": 1, "name": "Intro" }""");

        var error = Assert.Throws<HlsEncoderException>(() => single.Read(FilePath, Invalid));

        Assert.Equal($"{FilePath} has version 1; this HlsEncoder reads version 2. {Advice}", error.Message);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("""{ "version": 2, "title": "Intro""")]
    [InlineData("""{ "version": 2, "title": 5 }""")]
    [InlineData("null")]
    [InlineData("[2]")]
    public void A_file_that_is_not_the_stores_JSON_is_refused_the_same_way(string content)
    {
        File.WriteAllText(FilePath, content);

        var error = Assert.Throws<HlsEncoderException>(() => Lectures.Read(FilePath, Invalid));

        Assert.Equal("LectureStateInvalid", error.ErrorId);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        Assert.Equal(FilePath, error.Target);
        Assert.StartsWith($"{FilePath} cannot be read (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"). {Advice}", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Null(Lectures.TryRead(FilePath));
    }

    [Fact]
    public void A_kind_without_versions_reads_the_whole_file_whatever_version_it_names()
    {
        var unversioned = new VersionedJsonFile<Lecture>(Attributes);
        File.WriteAllText(FilePath, """{ "version": 7, "title": "Intro" }""");

        Assert.Equal("Intro", unversioned.Read(FilePath, Invalid)?.Title);
    }

    [Fact]
    public void A_write_replaces_the_whole_file_and_leaves_no_temporary_file()
    {
        Lectures.Write(FilePath, new Lecture { Title = new string('x', 100_000), Note = "long" });
        var shorter = new Lecture { Title = "Intro" };

        Lectures.Write(FilePath, shorter);

        Assert.Equal(JsonSerializer.Serialize(shorter, Attributes), File.ReadAllText(FilePath));
        Assert.Equal(new[] { FilePath }, Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_write_that_fails_halfway_leaves_the_file_as_it_was()
    {
        var kind = new VersionedJsonFile<Exploding>(Attributes);
        kind.Write(FilePath, new Exploding { Padding = "before" });
        var before = File.ReadAllBytes(FilePath);

        Assert.Throws<InvalidOperationException>(() => kind.Write(FilePath, new Exploding { Padding = new string('x', 1_000_000), Explodes = true }));

        Assert.Equal(before, File.ReadAllBytes(FilePath));
        Assert.Equal(new[] { FilePath }, Directory.GetFiles(_folder));
    }

    [Fact]
    public void The_stores_options_name_the_properties_on_disk_and_when_read()
    {
        var web = new VersionedJsonFile<WebRecord>(Web).Accept(1);
        web.Write(FilePath, new WebRecord { CreatedBy = "HlsEncoder 1.0" });

        var text = File.ReadAllText(FilePath);
        Assert.Contains("\"createdBy\": \"HlsEncoder 1.0\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CreatedBy", text, StringComparison.Ordinal);
        Assert.DoesNotContain("subtitles", text, StringComparison.OrdinalIgnoreCase);

        File.WriteAllText(FilePath, """{ "version": 1, "createdBy": "HlsEncoder 0.1", "subtitles": "en.vtt" }""");
        Assert.Equal(("HlsEncoder 0.1", "en.vtt"), web.Read(FilePath, Invalid) is { } read ? (read.CreatedBy, read.Subtitles) : default);
    }

    [Fact]
    public void The_stores_attribute_names_are_kept_on_disk()
    {
        Lectures.Write(FilePath, new Lecture { Title = "Intro" });

        var text = File.ReadAllText(FilePath);
        Assert.Contains("\"title\": \"Intro\"", text, StringComparison.Ordinal);
        Assert.Contains("\"note\": null", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Title", text, StringComparison.Ordinal);
    }

    private HlsEncoderException Invalid(string problem, Exception? cause) =>
        new("LectureStateInvalid", FailureKind.InvalidData, $"{FilePath} {problem}. {Advice}", FilePath, cause);

    private sealed class Lecture
    {
        public const int CurrentVersion = 2;

        [JsonPropertyName("version")]
        public int Version { get; set; } = CurrentVersion;

        [JsonPropertyName("title")]
        public string Title { get; set; } = string.Empty;

        [JsonPropertyName("note")]
        public string? Note { get; set; }
    }

    private sealed class LectureVersion1
    {
        [JsonPropertyName("name")]
        public string Name { get; set; } = string.Empty;
    }

    private sealed class WebRecord
    {
        public int Version { get; set; } = 1;

        public string CreatedBy { get; set; } = string.Empty;

        public string? Subtitles { get; set; }
    }

    /// <summary>Throws while being written, after a long first property: a write cut off halfway.</summary>
    private sealed class Exploding
    {
        public string Padding { get; set; } = string.Empty;

        [JsonIgnore]
        public bool Explodes { get; set; }

        public int Tail => Explodes ? throw new InvalidOperationException("The write is cut off.") : 1;
    }
}
