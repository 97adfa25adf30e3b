package dev.mlaas.attacker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTests {

	@TempDir
	Path dir;

	private Path csv(String content) throws IOException {
		return Files.writeString(dir.resolve("data.csv"), content);
	}

	@Test
	void readsAGzippedFileAsItsContentAndNamesATruncatedOne() throws IOException {
		Path gz = this.dir.resolve("data.csv.gz");
		try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
			out.write("1,2.5,0\n-3,4e-1,7\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		LabeledData d = Csv.read(gz, -1);
		assertThat(d.labels()).containsExactly(0, 7);
		assertThat(d.features()[1]).containsExactly(-3f, 0.4f);

		byte[] whole = Files.readAllBytes(gz);
		Path truncated = this.dir.resolve("truncated.csv.gz");
		Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 6));
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> Csv.read(truncated, -1))
			.isInstanceOf(IOException.class);
	}

	@Test
	void readsTheLastColumnAsLabelByDefault() throws IOException {
		LabeledData d = Csv.read(csv("1,2.5,0\n-3,4e-1,7\n"), -1);

		assertThat(d.features()).hasDimensions(2, 2);
		assertThat(d.features()[1]).containsExactly(-3f, 0.4f);
		assertThat(d.labels()).containsExactly(0, 7);
		assertThat(d.recordShape()).containsExactly(2);
	}

	@Test
	void readsALabelInTheFirstColumn() throws IOException {
		LabeledData d = Csv.read(csv("5,1,2,3\n6,4,5,6\n"), 0);

		assertThat(d.labels()).containsExactly(5, 6);
		assertThat(d.features()[0]).containsExactly(1f, 2f, 3f);
	}

	@Test
	void skipsAHeaderLineOfNames() throws IOException {
		LabeledData d = Csv.read(csv("a,b,label\n1,2,3\n"), -1);

		assertThat(d.size()).isEqualTo(1);
		assertThat(d.labels()).containsExactly(3);
	}

	@Test
	void keepsANumericFirstLineAsData() throws IOException {
		LabeledData d = Csv.read(csv("0,1,2\n3,4,5\n"), -1);

		assertThat(d.size()).isEqualTo(2);
	}

	@Test
	void acceptsCrlfQuotesSpacesBlankLinesAndIntegralFloatLabels() throws IOException {
		LabeledData d = Csv.read(csv("\"x\",\"y\"\r\n \"1\" , 2.0 \r\n\r\n3,4\r\n"), -1);

		assertThat(d.features()).hasDimensions(2, 1);
		assertThat(d.labels()).containsExactly(2, 4);
	}

	@Test
	void namesLineAndColumnOfANonNumericCell() throws IOException {
		Path file = csv("a,b,c\n1,2,3\n4,oops,6\n");

		assertThatThrownBy(() -> Csv.read(file, -1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("line 3")
				.hasMessageContaining("column 2")
				.hasMessageContaining("oops");
	}

	@Test
	void namesTheLineWithAWrongNumberOfCells() throws IOException {
		Path file = csv("1,2,3\n4,5\n");

		assertThatThrownBy(() -> Csv.read(file, -1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("line 2")
				.hasMessageContaining("expected 3 columns, found 2");
	}

	@Test
	void rejectsANegativeOrFractionalLabel() throws IOException {
		Path negative = csv("1,-1\n");
		assertThatThrownBy(() -> Csv.read(negative, -1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("line 1")
				.hasMessageContaining("column 2")
				.hasMessageContaining("label");

		Path fractional = csv("1,0.5\n");
		assertThatThrownBy(() -> Csv.read(fractional, -1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("0.5");
	}

	@Test
	void rejectsNonFiniteValues() throws IOException {
		Path file = csv("1,2,0\nNaN,2,0\n");

		assertThatThrownBy(() -> Csv.read(file, -1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("line 2")
				.hasMessageContaining("column 1");
	}

	@Test
	void rejectsALabelColumnOutsideTheLine() throws IOException {
		Path file = csv("1,2,3\n");

		assertThatThrownBy(() -> Csv.read(file, 3))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("label column 3");
	}

	@Test
	void rejectsAFileWithOnlyAHeader() throws IOException {
		Path file = csv("a,b\n");

		assertThatThrownBy(() -> Csv.read(file, -1))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("no data rows");
	}
	@org.junit.jupiter.api.Test
	void whatIsWrittenReadsBackAsTheSameRecords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
			throws java.io.IOException {
		LabeledData data = new LabeledData(new float[][] { { 0, 1, 0.25f }, { 1, 1, -3 } }, new int[] { 2, 0 },
				new int[] { 3 });
		java.nio.file.Path file = dir.resolve("d.csv");

		Csv.write(data, file);

		org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.readString(file)).isEqualTo("0,1,0.25,2\n1,1,-3,0\n");
		org.assertj.core.api.Assertions.assertThat(Csv.read(file, -1)).isEqualTo(data);
	}

}
