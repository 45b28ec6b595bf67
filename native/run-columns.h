// What one readRates call of ratelens-tic.cc collects before it hands it to JavaScript: the rate
// columns, the distinct terms and the reference ids that are not plain whole numbers.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ratelens {

// Distinct keys of one call, numbered from 0 in order of first appearance: the terms (by a key
// made of their fields' bytes) and the other references (see referenceOf in ratelens-tic.cc).
struct KeyedIds {
  std::unordered_map<std::string, int32_t> ids;
  std::vector<std::string> keys;
  // The key being built, looked up by `idOfKey`.
  std::string key;

  // The id of `key`, given to it now if it is new.
  int32_t idOfKey() {
    const auto found = ids.find(key);
    if (found != ids.end()) return found->second;
    const auto id = static_cast<int32_t>(keys.size());
    ids.emplace(key, id);
    keys.push_back(key);
    return id;
  }

  size_t size() const { return keys.size(); }

  // Forgets the keys given ids from `count` on (those of an item left to TypeScript).
  void truncate(size_t count) {
    while (keys.size() > count) {
      ids.erase(keys.back());
      keys.pop_back();
    }
  }
};

struct Columns {
  // Marker strings (InlineGroupSpans) in place of inline groups, and the other references (see
  // kOtherBase for how a provider row names them).
  std::vector<std::string> markers;
  KeyedIds others;
  std::vector<double> amount;
  std::vector<int32_t> priceItem, priceRate, priceIndex, priceTerm;
  std::vector<int32_t> providerItem, providerRate, providerPrices, providerRef;
  double rateRows = 0;

  void addProvider(int32_t item, int32_t rate, int32_t priceCount, int32_t reference) {
    providerItem.push_back(item);
    providerRate.push_back(rate);
    providerPrices.push_back(priceCount);
    providerRef.push_back(reference);
  }

  void truncate(size_t markerCount, size_t otherCount, size_t prices, size_t providers) {
    markers.resize(markerCount);
    others.truncate(otherCount);
    amount.resize(prices);
    priceItem.resize(prices);
    priceRate.resize(prices);
    priceIndex.resize(prices);
    priceTerm.resize(prices);
    providerItem.resize(providers);
    providerRate.resize(providers);
    providerPrices.resize(providers);
    providerRef.resize(providers);
  }
};

}  // namespace ratelens
