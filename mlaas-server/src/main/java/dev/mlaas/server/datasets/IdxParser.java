package dev.mlaas.server.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of the MNIST family: an images file (one record per first-dimension entry) and a labels
 * file, gzipped or not (detected from the content). Values are kept as stored; scaling is the uploader's choice.
 */
class IdxParser {

	private final DatasetProperties limits;

	IdxParser(DatasetProperties limits) {
		this.limits = limits;
	}

	Records parse(InputStream imagesIn, InputStream labelsIn) throws IOException {
		try (DataInputStream images = open(imagesIn); DataInputStream labels = open(labelsIn)) {
			return read(images, labels);
		}
		catch (IOException ex) {
			// a damaged gzip stream fails with ZipException or EOFException from inside GZIPInputStream
			throw new InvalidDatasetException("An IDX file could not be read: it is corrupt or not IDX.");
		}
	}

	private Records read(DataInputStream images, DataInputStream labels) throws IOException {
		Header imageHeader = Header.read(images, "images");
		Header labelHeader = Header.read(labels, "labels");
		if (imageHeader.dims().length < 2) {
			throw new InvalidDatasetException("The images file must have at least 2 dimensions (records x features).");
		}
		if (labelHeader.dims().length != 1) {
			throw new InvalidDatasetException(
					"The labels file must have exactly 1 dimension, found " + labelHeader.dims().length + ".");
		}
		int count = imageHeader.dims()[0];
		if (labelHeader.dims()[0] != count) {
			throw new InvalidDatasetException("The images file has " + count + " records but the labels file has "
					+ labelHeader.dims()[0] + ".");
		}
		if (count == 0) {
			throw new InvalidDatasetException("The dataset has no records.");
		}
		if (count > this.limits.maxRecords()) {
			throw new DatasetLimitExceededException("records", count, this.limits.maxRecords());
		}
		int[] shape = Arrays.copyOfRange(imageHeader.dims(), 1, imageHeader.dims().length);
		// multiply step by step so that a forged header can neither overflow nor pass the limit
		long width = 1;
		for (int dim : shape) {
			width *= dim;
			if (width > this.limits.maxFeatures()) {
				throw new DatasetLimitExceededException("features", width, this.limits.maxFeatures());
			}
		}
		if (width == 0) {
			throw new InvalidDatasetException("The images file declares records of zero features.");
		}
		// refused from the header, before a byte of data is decompressed: a few hundred KB of gzipped zeros can
		// declare gigabytes
		if ((long) count * width > this.limits.maxValues()) {
			throw new DatasetLimitExceededException("values (records x features)", (long) count * width,
					this.limits.maxValues());
		}
		// grow with the data actually sent, not with what the header claims
		float[] features = new float[(int) Math.min((long) count * width, 1 << 20)];
		long total = (long) count * width;
		for (long i = 0; i < total; i++) {
			if (i == features.length) {
				features = Arrays.copyOf(features, (int) Math.min(total, 2L * features.length));
			}
			float value = (float) imageHeader.readValue(images, i / width + 1);
			if (!Float.isFinite(value)) {
				throw InvalidDatasetException.at(i / width + 1, (int) (i % width) + 1, "features must be finite numbers");
			}
			features[(int) i] = value;
		}
		int[] labelValues = new int[count];
		for (int i = 0; i < count; i++) {
			double value = labelHeader.readValue(labels, i + 1);
			if (value < 0 || value != Math.rint(value)) {
				throw InvalidDatasetException.at(i + 1, 1, "labels must be integers from 0").with("file", "labels");
			}
			if (value >= this.limits.maxClasses()) {
				throw new DatasetLimitExceededException("classes (label " + (long) value + ")", (long) value + 1,
						this.limits.maxClasses());
			}
			labelValues[i] = (int) value;
		}
		return new Records(features, labelValues, shape);
	}

	private static DataInputStream open(InputStream in) throws IOException {
		BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
		buffered.mark(2);
		int first = buffered.read();
		int second = buffered.read();
		buffered.reset();
		boolean gzipped = first == 0x1f && second == 0x8b;
		return new DataInputStream(gzipped ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16)
				: buffered);
	}

	/** The magic number's type code and the dimension sizes. */
	private record Header(String file, int type, int[] dims) {

		static Header read(DataInputStream in, String file) throws IOException {
			try {
				int magic = in.readInt();
				int type = (magic >>> 8) & 0xff;
				int dimCount = magic & 0xff;
				if ((magic >>> 16) != 0 || !Arrays.asList(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E).contains(type)
						|| dimCount == 0) {
					throw new InvalidDatasetException(
							"The " + file + " file is not IDX: bad magic number 0x" + Integer.toHexString(magic) + ".")
						.with("file", file);
				}
				int[] dims = new int[dimCount];
				for (int i = 0; i < dimCount; i++) {
					dims[i] = in.readInt();
					if (dims[i] < 0) {
						throw new InvalidDatasetException("The " + file + " file has a negative dimension.");
					}
				}
				return new Header(file, type, dims);
			}
			catch (EOFException ex) {
				throw new InvalidDatasetException("The " + file + " file ends inside its header.").with("file", file);
			}
		}

		double readValue(DataInputStream in, long row) throws IOException {
			try {
				return switch (this.type) {
					case 0x08 -> in.readUnsignedByte();
					case 0x09 -> in.readByte();
					case 0x0B -> in.readShort();
					case 0x0C -> in.readInt();
					case 0x0D -> in.readFloat();
					default -> in.readDouble();
				};
			}
			catch (EOFException ex) {
				throw new InvalidDatasetException("The " + this.file + " file is truncated at record " + row + ".")
					.with("file", this.file)
					.with("row", row);
			}
		}

	}

}
