package dev.mlaas.server.models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.mlaas.server.common.OneDnn;
import dev.mlaas.server.common.web.NotFoundException;

/**
 * The model store: registers trained models, publishes them, and loads them for serving. Loaded networks are cached
 * (weights never change once stored). Who may query a model is read from the database at most once per
 * {@code mlaas.lookup-cache.ttl}: a model unpublished on one replica stops answering there at once and on the others
 * within the TTL.
 */
@Service
public class ModelService {

	/** The architecture recorded for a model whose recipe the service chose and keeps to itself. */
	public static final String SERVICE_DEFAULT = "auto";

	/** The architectures stored in Tribuo's form rather than DL4J's; the owner always names them. */
	public static final java.util.Set<String> TRIBUO_ARCHITECTURES = java.util.Set.of("random-forest",
			"logistic-regression");

	private final ModelRepository models;

	private final ModelWeightsRepository weights;

	private final ObjectMapper json;

	private final Clock clock;

	private final Map<Long, ServableModel> loaded;

	private final Cache<Long, Audience> audiences;

	ModelService(ModelRepository models, ModelWeightsRepository weights, ObjectMapper json, Clock clock,
			@Value("${mlaas.prediction.model-cache-size}") int cacheSize,
			@Value("${mlaas.lookup-cache.ttl}") Duration ttl) {
		this.models = models;
		this.weights = weights;
		this.json = json;
		this.clock = clock;
		this.audiences = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
		this.loaded = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<Long, ServableModel> eldest) {
				return size() > cacheSize;
			}
		});
	}

	/** Stores a trained model; joins the caller's transaction so a job and its model commit together. */
	@Transactional
	public long register(NewModel model) {
		ModelEntity entity = this.models.save(new ModelEntity(model, this.clock.instant()));
		this.weights.save(new ModelWeightsEntity(entity.getId(), model.weights()));
		return entity.getId();
	}

	/**
	 * Serves a just-stored model from the network that training left in memory, so that its first queries do not
	 * wait for the stored copy to be restored (about 0.1 s for the Purchase-like MLP). Call it after the model's
	 * transaction has committed; the stored copy gives the same answers, and other replicas restore it on demand.
	 */
	public void preload(long modelId, int numFeatures, int numClasses, MultiLayerNetwork network) {
		this.loaded.put(modelId, ServableModel.of(modelId, numFeatures, numClasses, network));
	}

	/** As {@link #preload(long, int, int, MultiLayerNetwork)}, for a random forest or logistic regression. */
	public void preload(long modelId, int numFeatures, int numClasses, Model<Label> model) {
		this.loaded.put(modelId, ServableModel.of(modelId, numFeatures, numClasses, model));
	}

	/** As {@link #preload(long, int, int, MultiLayerNetwork)}, for a stacked model. */
	public void preload(long modelId, int numFeatures, int numClasses, StackedModel model) {
		this.loaded.put(modelId, ServableModel.of(modelId, numFeatures, numClasses, model));
	}

	@Transactional(readOnly = true)
	List<ModelView> list(long accountId) {
		return this.models.findByOwnerIdOrderById(accountId).stream().map(m -> view(m, accountId)).toList();
	}

	@Transactional(readOnly = true)
	ModelView get(long accountId, long modelId) {
		return view(visible(accountId, modelId), accountId);
	}

	@Transactional
	ModelView update(long accountId, long modelId, Boolean published, OutputPolicy policy) {
		ModelEntity model = this.models.findById(modelId)
			.filter(m -> m.getOwnerId() == accountId)
			.orElseThrow(() -> new NotFoundException("model", modelId));
		if (policy != null) {
			policy.checkFor(model.getNumClasses());
			model.setOutputPolicy(policy);
		}
		if (published != null) {
			model.setPublished(published);
		}
		this.audiences.invalidate(modelId);
		return view(model, accountId);
	}

	/**
	 * The output policy of a model the caller may query (read with who may query it, so a change reaches other
	 * replicas within the same TTL).
	 */
	public OutputPolicy outputPolicy(long accountId, long modelId) {
		Audience audience = audience(accountId, modelId);
		return audience.policy();
	}

	/** A model the account may query (its own, or a published one), loaded and ready. */
	public ServableModel servable(long accountId, long modelId) {
		Audience audience = audience(accountId, modelId);
		ServableModel cached = this.loaded.get(modelId);
		if (cached != null) {
			return cached;
		}
		byte[] stored = this.weights.findById(modelId)
			.orElseThrow(() -> new NotFoundException("model", modelId))
			.getWeights();
		ServableModel servable = StackedModel.isStacked(stored)
				? ServableModel.of(modelId, audience.numFeatures(), audience.numClasses(),
						StackedModel.deserialize(stored))
				: TRIBUO_ARCHITECTURES.contains(audience.architecture())
				? ServableModel.of(modelId, audience.numFeatures(), audience.numClasses(),
						TribuoModels.deserialize(stored))
				: ServableModel.of(modelId, audience.numFeatures(), audience.numClasses(), restore(stored));
		this.loaded.put(modelId, servable);
		return servable;
	}

	private Audience audience(long accountId, long modelId) {
		Audience audience = this.audiences.get(modelId,
				id -> this.models.findById(id).map(Audience::of).orElse(null));
		if (audience == null || !audience.includes(accountId)) {
			throw new NotFoundException("model", modelId);
		}
		return audience;
	}

	private ModelEntity visible(long accountId, long modelId) {
		return this.models.findById(modelId)
			.filter(m -> m.isVisibleTo(accountId))
			.orElseThrow(() -> new NotFoundException("model", modelId));
	}

	private ModelView view(ModelEntity model, long accountId) {
		return ModelView.of(model, accountId, ownerRecipe(model));
	}

	private Object ownerRecipe(ModelEntity model) {
		try {
			Map<?, ?> recipe = this.json.readValue(model.getRecipe(), Map.class);
			// the service's default recipe is its own business: the owner learns only the seed it used
			return SERVICE_DEFAULT.equals(model.getArchitecture()) ? Map.of("seed", recipe.get("seed")) : recipe;
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored recipe of model " + model.getId() + " is not JSON", ex);
		}
	}

	/** Who may query a model, the shape it serves and what its answers leave of that. */
	private record Audience(long ownerId, boolean published, int numFeatures, int numClasses, String architecture,
			OutputPolicy policy) {

		static Audience of(ModelEntity model) {
			return new Audience(model.getOwnerId(), model.isPublished(), model.getNumFeatures(),
					model.getNumClasses(), model.getArchitecture(), model.getOutputPolicy());
		}

		boolean includes(long accountId) {
			return this.ownerId == accountId || this.published;
		}

	}

	static MultiLayerNetwork restore(byte[] stored) {
		OneDnn.enable();
		try {
			return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(stored), false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
