package dev.kindred.bench.ann;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Lucene's HNSW with its default vector format (M 16, beam 100), one segment, searched with a
 * candidate list of {@code ef} of which the top 10 count — the usual way to give Lucene an
 * {@code ef_search}. Documents keep insertion order (log merge policy), so doc id = vector id.
 */
final class LuceneHnsw {

  private LuceneHnsw() {
  }

  static List<AnnBench.Row> measure(Path dir, String kind, float[][] base, float[][] qs, int[][] truth, String efs) throws Exception {
    System.err.println("building the Lucene HNSW index");
    long t = System.nanoTime();
    try (FSDirectory d = FSDirectory.open(dir)) {
      IndexWriterConfig cfg = new IndexWriterConfig().setRAMBufferSizeMB(512).setMergePolicy(new LogByteSizeMergePolicy());
      try (IndexWriter w = new IndexWriter(d, cfg)) {
        for (float[] v : base) {
          Document doc = new Document();
          doc.add(new KnnFloatVectorField("v", v, VectorSimilarityFunction.DOT_PRODUCT));
          w.addDocument(doc);
        }
        w.forceMerge(1);
      }
      double build = (System.nanoTime() - t) / 1e9;
      List<AnnBench.Row> rows = new ArrayList<>();
      try (DirectoryReader reader = DirectoryReader.open(d)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (String e : efs.split(",")) {
          int ef = Integer.parseInt(e.trim());
          Histogram h = new Histogram(3);
          int[][] found = new int[qs.length][];
          double secs = 0;
          for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            for (int q = 0; q < qs.length; q++) {
              long s = System.nanoTime();
              TopDocs top = searcher.search(new KnnFloatVectorQuery("v", qs[q], ef), ef);
              int n = Math.min(AnnBench.K, top.scoreDocs.length);
              found[q] = new int[n];
              for (int i = 0; i < n; i++) {
                ScoreDoc sd = top.scoreDocs[i];
                found[q][i] = sd.doc;
              }
              if (round == 1) {
                h.recordValue((System.nanoTime() - s) / 1000);
              }
            }
            secs = (System.nanoTime() - start) / 1e9;
          }
          AnnBench.Row r = new AnnBench.Row("Lucene HNSW", kind, base.length, "ef " + ef, AnnData.recall(truth, found),
              qs.length / secs, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, build);
          System.err.println(r);
          rows.add(r);
        }
      }
      return rows;
    }
  }
}
